"""Command-line interface: one module per subcommand, each a thin shell over a library function."""
