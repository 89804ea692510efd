"""Which arguments of a query-taking command are options and which are query words.

The rule (README, "Options and query words"):
- everything after `--` is query text;
- a token starting with `--` is an option; an unknown one is an error with a suggestion
  (`--limt`: did you mean --limit?), never a query word;
- `-` and one ASCII letter (`-n`) is a short option; unknown, it is an error too;
- a single-dash option name (`-limit`) is taken as a mistyped option;
- any other token starting with `-` (`-health`, `-美国`, `-"human rights"`) is a query
  word: an exclusion. Click alone would read `-health` as the flags `-h -e -a …` and
  print the help.
"""

from __future__ import annotations

import click


def _is_short(token: str) -> bool:
    return len(token) == 2 and token[0] == "-" and token[1].isascii() and token[1].isalpha()


def _option_table(command: click.Command, ctx: click.Context) -> dict[str, click.Option]:
    """Every option name of the command (`--limit`, `-n`, `--help`) → its option."""
    table = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            for name in [*param.opts, *param.secondary_opts]:
                table[name] = param
    return table


def _takes_value(option: click.Option) -> bool:
    return not (option.is_flag or option.count)


def _unknown(token: str, table: dict, ctx: click.Context) -> click.NoSuchOption:
    longs = sorted(name for name in table if name.startswith("--"))
    if token.startswith("--"):
        maybe = close_options(token, longs)
    elif _is_short(token):
        maybe = [name for name in longs if name[2:3] == token[1].lower()]
    else:  # `-limit`
        maybe = ["-" + token]
    err = click.NoSuchOption(token, ctx=ctx)
    err.possibilities = maybe  # click would sift them again with difflib
    return err


def split_query_words(command: click.Command, ctx: click.Context,
                      args: list[str]) -> tuple[list[str], list[str]]:
    """(options with their values, query words), each in the order given."""
    table = _option_table(command, ctx)
    options: list[str] = []
    words: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            words.extend(tokens)
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if token.startswith("--") or _is_short(token):
            option = table.get(name)
            if option is None:
                raise _unknown(name, table, ctx)
            options.append(token)
            if _takes_value(option) and "=" not in token:
                value = next(tokens, None)
                if value is not None:
                    options.append(value)
        elif token.startswith("-") and "--" + token[1:] in table:
            raise _unknown(token, table, ctx)
        else:
            words.append(token)
    return options, words


class QueryCommand(click.Command):
    """A click command whose arguments are query words (see the module's rule)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options, words = split_query_words(self, ctx, args)
        return super().parse_args(ctx, [*options, "--", *words] if words else options)


def close_options(name: str, longs: list[str]) -> list[str]:
    """The long options like `name`, best first, compared without their `--` (with it,
    `--limt` resembles `--quiet`)."""
    import difflib  # here: only a mistyped option pays for it

    close = difflib.get_close_matches(name[2:], [option[2:] for option in longs])
    return ["--" + option for option in close]


def describe_no_such_option(err: click.NoSuchOption) -> str:
    """`no such option --limt; did you mean --limit?`"""
    maybe = list(err.possibilities or [])
    if err.option_name.startswith("--"):  # click's own suggestions, sifted the same way
        maybe = close_options(err.option_name, maybe)
    hint = f"; did you mean {' or '.join(maybe)}?" if maybe else ""
    return f"no such option {err.option_name}{hint}"
