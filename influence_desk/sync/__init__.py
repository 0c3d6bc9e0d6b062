"""Working as a team: replicas of one vault exchanging encrypted bundles (DESIGN §11)."""
