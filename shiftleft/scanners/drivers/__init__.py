"""Scripts run by a tool's own interpreter (``python -I SCRIPT``), never imported by
shiftleft. They sit alone in this folder because Python before 3.11 puts the script's
folder first on ``sys.path`` even in isolated mode: beside the adapters, the adapter module
``detect_secrets.py`` would be imported in place of the detect-secrets library."""
