resource "aws_cloudwatch_log_group" "not_encrypted" {
}
