# The two commands of the README. Both work on a fresh machine with only Python 3.11
# (and root for apt-get, or the Debian packages listed in the README already installed).
.PHONY: run test setup

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

setup:
	bash scripts/setup.sh
