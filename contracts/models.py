"""Contract management, policy chapter 8 (issue 5). Models arrive with that issue."""
