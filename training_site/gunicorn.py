"""gunicorn's settings for production and for the load test and benchmarks:
`gunicorn -c python:training_site.gunicorn training_site.wsgi`. Workers, threads and the
address still come from the command line.

Keep-alive: gunicorn closes an idle connection after 2 seconds by default. A person (or a
load balancer) that sends the next request on the same connection just as the server
closes it gets no answer at all; a keep-alive longer than a reader's pause between two
pages, and longer than a load balancer's idle timeout (60 s is common), avoids that race.
"""

worker_class = "gthread"
keepalive = 75
