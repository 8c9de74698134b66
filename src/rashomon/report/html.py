"""HTML report."""

def render_html(data):
    return ""
