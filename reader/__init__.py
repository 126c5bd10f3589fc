"""Reading publications: text extraction, facts and an extractive summary."""
