"""Small building blocks that every app uses: codes, the client's address, CSV
responses and abstract models. It imports none of the apps, so any app may import it.
"""
