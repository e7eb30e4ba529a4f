"""The questions the hub exists to answer, each with its reasons and a bounded number of round trips."""
