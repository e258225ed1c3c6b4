"""srdi-desktop: an offline adviser for SMEs growing into 专精特新 (SRDI) firms."""

__version__ = "0.1.0"
