"""Development tools, outside what ``latent-explorer serve`` imports: the benchmark and the harness it shares with the browser tests."""
