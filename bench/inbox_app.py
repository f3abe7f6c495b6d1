"""What ``bench.inbox_bench`` serves: the product's WSGI application exactly as production's
``helpcenter.wsgi`` builds it (the access log, the shared and signed-in copies, Django), plus
the bare view of ``bench.faq_bare``, inside ``bench.server_timing.ServerTimingWSGI`` so that
every answer says how long the application itself took."""

from bench.faq_bare import product_application
from bench.server_timing import ServerTimingWSGI

application = ServerTimingWSGI(product_application)
