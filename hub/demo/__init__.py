"""The demo data set: real places and organisations of the field stories, and the situations they tell."""
