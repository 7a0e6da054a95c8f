#!/bin/sh
# unit tests of the measurement core
d=$(dirname "$0")/../..
exec "$d/build/tests/core"
