"""Read models projected from the event log: kept up to date incrementally, resumable, by case."""
