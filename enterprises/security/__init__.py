"""Account security: lockout (django-axes), second factor (django-otp), API tokens, the security log."""
