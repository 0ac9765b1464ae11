"""Settings of the demo app. The credentials below are FAKE and exist only so that
secret scanners have something to find."""

DEBUG = True

# Fake AWS credentials (AWS's documented example key id) committed by mistake.
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

DATABASE_PASSWORD = "hunter2-not-a-real-password"

# A fake GitHub token (the shape of a personal access token, never issued). The AWS key
# above is AWS's documented example, which Betterleaks (the default engine) rightly skips.
GITHUB_TOKEN = "ghp_uYxix4LQjyYyPdg6kWwJyildB8NLuEFCVgyc"
