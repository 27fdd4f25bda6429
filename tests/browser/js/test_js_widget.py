"""Unit tests of frontend/widget.js, the notebook widget's loader, on the page's real files."""
import re

import pytest

from latent_explorer.notebook import page_files

RELATIVE_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']\.{1,2}/""")


@pytest.fixture(scope="module")
def files():
    return page_files()


def test_every_module_the_page_reaches_is_a_blob_with_no_relative_import_left(js, files):
    loaded = js.evaluate("""async (files) => {
      const { moduleUrls } = await import('/widget.js');
      const texts = {};
      const urls = moduleUrls(files, 'js/main.js', (text) => { const url = `blob:${Object.keys(texts).length}`; texts[url] = text; return url; });
      return { paths: [...urls.keys()], texts: [...urls.values()].map((url) => texts[url]) };
    }""", files)
    paths = set(loaded["paths"])
    # The kernel's answers and the traits' controller, loaded dynamically or statically from main.js.
    assert {"js/main.js", "js/api.js", "js/api-kernel.js", "js/controllers/notebook.js"} <= paths
    assert all(not RELATIVE_IMPORT.search(text) for text in loaded["texts"])
    # Every module the page's own sources import is there, and every .js file in js/ is reached from main.js
    # (a module no import reaches would be dead code), gifenc among them.
    assert {path for path in files if path.endswith(".js")} == paths


def test_a_missing_module_and_a_cycle_are_named(js):
    errors = js.evaluate("""async () => {
      const { moduleUrls } = await import('/widget.js');
      const attempt = (files) => { try { moduleUrls(files, 'a.js', () => 'blob:x'); return null; } catch (error) { return error.message; } };
      return [attempt({ 'a.js': 'import "./b.js";' }), attempt({ 'a.js': 'import { b } from "./b.js";', 'b.js': 'export { a } from "./a.js";' })];
    }""")
    assert errors == ["the page has no module b.js", "the page's modules import each other in a cycle through a.js"]


def test_the_document_inlines_the_style_sheets_and_says_the_kernel_answers(js, files):
    document = js.evaluate("""async (files) => {
      const { moduleUrls, pageDocument } = await import('/widget.js');
      return pageDocument(files, moduleUrls(files, 'js/main.js', (text) => 'blob:main'));
    }""", files)
    assert '<meta name="latent-explorer-kernel" content="">' in document
    assert '<link rel="stylesheet"' not in document and files["style.css"] in document
    assert '<script type="module" src="blob:main"></script>' in document


def test_paths_resolve_as_the_browser_resolves_imports(js):
    assert js.evaluate("""async () => {
      const { resolvePath } = await import('/widget.js');
      return [resolvePath('js/controllers/link.js', '../api.js'), resolvePath('js/main.js', './gl/program.js'),
              resolvePath('js/in-page/media-files.js', '../../vendor/gifenc/gifenc.esm.js')];
    }""") == ["js/api.js", "js/gl/program.js", "vendor/gifenc/gifenc.esm.js"]
