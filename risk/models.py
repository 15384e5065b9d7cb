"""Risk management, policy chapter 7 (issue 7). Models arrive with that issue."""
