"""Safety assessments, phases, safety plans, measures and MDA++ (see the safety issue)."""
