"""What the hub serves to browsers: pages and their static assets, all from the hub's own origin."""
