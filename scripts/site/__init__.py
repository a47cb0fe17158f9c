"""The course as a static website (`make site`): both editions, built from the executed notebooks."""
