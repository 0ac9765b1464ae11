# Deliberately weak infrastructure for the shiftleft demo. Never apply it.
resource "aws_s3_bucket" "uploads" {
  bucket = "vulnerable-app-uploads"
  acl    = "public-read"
}

resource "aws_security_group" "admin" {
  name = "vulnerable-app-admin"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
