"""The password hash: Argon2id at the setting OWASP's Password Storage Cheat Sheet
recommends (19 MiB of memory, 2 passes, 1 lane), not Django's default (100 MiB,
8 lanes).

Why: a class of 30 signs in within a minute, on the school's app server. Django's
default takes about 100 ms and 100 MiB per sign-in on a 2-core machine, so 300
sign-ins queue for half a minute and each worker's memory passes 180 MB; this
takes about 18 ms and 19 MiB, and is still OWASP's recommended minimum for
Argon2id. Hashes made with other settings are upgraded at the next sign-in
(Django's `must_update`).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
