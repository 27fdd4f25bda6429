"""Running a function body against one of the page's ES modules, inside the test page."""


def run_module(js, module, body, args=None):
    """Evaluate `body` (a function body with `module` and `args` in scope) against an imported module."""
    return js.evaluate("""async ([path, body, args]) => {
      const module = await import(path);
      return new Function('module', 'args', body)(module, args);
    }""", [module, body, args])
