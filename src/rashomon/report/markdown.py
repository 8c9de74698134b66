"""Markdown report."""

def render_markdown(data):
    return ""
