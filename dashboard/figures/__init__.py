"""Pure figure builders: a frame and the filters in, a plotly figure out (no store, no Dash)."""
