"""Financial management, policy chapter 6 (issue 6). Models arrive with that issue."""
