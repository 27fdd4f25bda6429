"""A Lighthouse audit of the page (mobile profile), for the benchmark: performance, layout shift, accessibility.

Lighthouse comes from the npm registry, pinned to the last release that runs on Node 20 (13.x wants
Node 22), installed on first use into ``.lighthouse/`` in the checkout (git-ignored), and drives
the same Debian Chromium as the browser tests.
"""
import json
import os
import shutil
import subprocess
import tempfile

from latent_explorer.layout import CHECKOUT
from latent_explorer.tools.harness import CHROMIUM_ARGS, HarnessError, chromium_executable

LIGHTHOUSE_VERSION = "12.8.2"


def lighthouse_command():
    """The ``lighthouse`` executable, installed with npm first if it is not there."""
    if CHECKOUT is None:
        raise HarnessError("the Lighthouse audit runs from a checkout (it installs into .lighthouse/ there)")
    prefix = CHECKOUT / ".lighthouse"
    executable = prefix / "node_modules" / ".bin" / "lighthouse"
    installed = prefix / "node_modules" / "lighthouse" / "package.json"
    if not (executable.exists() and json.loads(installed.read_text())["version"] == LIGHTHOUSE_VERSION):
        if shutil.which("npm") is None:
            raise HarnessError("the Lighthouse audit needs Node.js and npm (apt-get install nodejs npm), or leave it "
                               "out with --no-page")
        install = subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                                  f"lighthouse@{LIGHTHOUSE_VERSION}"], capture_output=True, text=True)
        if install.returncode:
            raise HarnessError(f"npm install lighthouse@{LIGHTHOUSE_VERSION} failed:\n{install.stderr[-2000:]}")
    return executable


def audit(url):
    """Lighthouse's mobile audit of ``url``: the category scores, the layout shift, and the bytes compression saves."""
    with tempfile.TemporaryDirectory() as scratch:
        report_path = os.path.join(scratch, "report.json")
        run = subprocess.run(
            [str(lighthouse_command()), url, "--output=json", f"--output-path={report_path}", "--quiet",
             "--only-categories=performance,accessibility,best-practices,seo",
             f"--chrome-flags={' '.join(['--headless=new', '--disable-gpu', *CHROMIUM_ARGS])}"],
            env={**os.environ, "CHROME_PATH": chromium_executable()}, capture_output=True, text=True, timeout=600)
        if run.returncode or not os.path.exists(report_path):
            raise HarnessError(f"lighthouse failed:\n{run.stderr[-3000:]}")
        with open(report_path) as file:
            report = json.load(file)
    audits = report["audits"]
    return {
        "version": report["lighthouseVersion"], "form_factor": report["configSettings"]["formFactor"],
        "scores": {name: category["score"] for name, category in report["categories"].items()},
        "cumulative_layout_shift": round(audits["cumulative-layout-shift"]["numericValue"], 4),
        "largest_contentful_paint_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "compression_savings_bytes": audits["uses-text-compression"].get("details", {}).get("overallSavingsBytes", 0),
        "failed": sorted(name for name, result in audits.items()
                         if result.get("score") == 0 and result.get("scoreDisplayMode") == "binary"),
    }


if __name__ == "__main__":  # `python -m latent_explorer.tools.lighthouse`: install it now (scripts/setup.sh --test)
    print(f"lighthouse {LIGHTHOUSE_VERSION}: {lighthouse_command()}")
