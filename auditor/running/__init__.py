"""Running many documents: settings, the batch and cluster runners, the cache and the baseline."""
