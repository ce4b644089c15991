"""gunicorn settings of the app servers of `make stack` (and a start for production).

Threads serve the waits on PostgreSQL and Redis; several processes use the CPUs.
Logs go to stderr as JSON (the same formatter as the app), one object per line.
"""

import os

worker_class = "gthread"
# Per app server; the stack runs two on one machine: 2 x 2 processes suit 2 CPUs (more
# processes than CPUs only add switching). On a machine of its own: 2 x CPUs + 1.
workers = int(os.environ.get("HM_STACK_APP_WORKERS", "2"))
threads = int(os.environ.get("HM_STACK_APP_THREADS", "4"))
timeout = 120
graceful_timeout = 30
keepalive = 5  # nginx opens a connection per request (see stack/nginx.conf)
# A process is replaced after this many requests: bounds slow memory growth.
max_requests = 5000
max_requests_jitter = 500
accesslog = None  # the app logs each request itself (HM_LOG_REQUESTS), nginx too
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "habitat_monitor.core.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}
