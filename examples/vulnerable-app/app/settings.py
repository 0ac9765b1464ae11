"""Settings of the demo app. The credentials below are FAKE and exist only so that
secret scanners have something to find."""

DEBUG = True

# Fake AWS credentials (AWS's documented example key id) committed by mistake.
AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

DATABASE_PASSWORD = "hunter2-not-a-real-password"
