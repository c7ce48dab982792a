"""Layout chrome shared by the pages: the shell, filter controls, chart cards, the evidence panel."""
