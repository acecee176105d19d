"""The rooms benchmark (`python manage.py bench_rooms`): our socket server against two baselines.

Nothing here is imported by the site. `raw_app` and `relay_app` are the baselines that daphne
serves; `fixtures` prepares the database in a child process; `clients` is the load generator;
`runner` drives the runs and `report` prints them. This module imports nothing, so that daphne
can load the raw baseline without Django.
"""
