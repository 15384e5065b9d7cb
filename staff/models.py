"""Staff management, policy chapter 5 (issue 8). Models arrive with that issue."""
