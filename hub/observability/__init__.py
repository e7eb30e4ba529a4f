"""What an operator sees of a running hub: Prometheus metrics, one log line per request, request ids.

A leaf package (it imports none of the hub's layers), so every layer may report into it: the graph
connection counts round trips, the API limits report cost, the app's middleware ties a request together.
"""
