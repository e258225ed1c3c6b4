"""Pure logic: questionnaire, rules, criteria, evaluation. No Qt, no sqlite, no reportlab, no writes."""
