"""The live preview: pure request and change logic, and the thin server around it."""
