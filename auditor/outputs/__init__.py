"""What comes out: renderers (rich, JSON, SARIF, GitHub, GitLab, HTML, the check sheet) and annotated copies."""
