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

# A database that stops answering ends a page's wait for it after 4 s (its statement timeout
# and 1 s, training_site/database_deadline.py), so gunicorn's own limits are only a backstop.
# With gthread workers `timeout` is not a request's limit: the arbiter restarts a worker
# whose main loop has not reported for that long (a thread stuck holding Python's lock).
# 30 s, gunicorn's default, is far above any page. `graceful_timeout` is how long a worker
# asked to stop (a deploy, a restart) gets to finish the requests it has: pages end within
# seconds, so 10 s is plenty and a deploy does not wait 30 s per worker; an export still
# being downloaded then is cut, and is asked for again.
timeout = 30
graceful_timeout = 10
