"""Dumps what az 2.91 knows about one help page as structured data (JSON on stdout).

Run by capture.sh with the az venv's Python, inside the same loopback-only namespace. It asks
az for `az <path> -h` but, instead of letting knack lay the page out, takes the help object
knack would print (summaries, argument groups, option names, [Required], allowed values,
defaults, value sources, deprecation/preview/experimental tags and messages, examples) and
writes it as data. azrs's renderer (src/cli/help/) lays the page out from this data; the
goldens beside this script are az's own bytes to compare against.

Usage: python extract.py WORDS...   (the command path, e.g. `group create`)
"""
import json
import sys

from azure.cli.core import get_default_cli
from azure.cli.core import _help as az_help

OUT = {}


def text(value):
    return '' if value is None else str(value)


def status(item):
    """Tags (plain text, knack's order) and the messages knack prints below an item."""
    tags, messages = [], []
    for attr in ('deprecate_info', 'preview_info', 'experimental_info'):
        info = getattr(item, attr, None)
        if info:
            tags.append(text(info.tag))
            messages.append(text(info.message))
    return tags, messages


def value_sources(p):
    out = []
    for item in p.value_sources or []:
        if 'string' in item:
            out.append({'kind': 'string', 'text': item['string']})
        elif 'link' in item and 'command' in item['link']:
            out.append({'kind': 'command', 'text': item['link']['command']})
        elif 'link' in item and 'url' in item['link']:
            out.append({'kind': 'url', 'text': item['link']['url']})
    return out


def parameter(p):
    import argparse
    tags, messages = status(p)
    deprecate_info = getattr(p, 'deprecate_info', None)
    return {
        'names': sorted(p.name_source),
        'required': bool(p.required),
        'group': p.group_name,
        'summary': text(p.short_summary),
        'long_summary': text(p.long_summary),
        'choices': [str(x) for x in p.choices] if p.choices else [],
        'default': ('{}'.format(p.default)
                    if p.default and p.default != argparse.SUPPRESS else None),
        'default_source': p.default_value_source,
        'value_sources': value_sources(p),
        'tags': tags,
        'messages': messages,
        'hidden': bool(deprecate_info and not deprecate_info.show_in_help()),
    }


def dump(self, cli_name, help_file):
    tags, messages = status(help_file)
    OUT.update({
        'path': help_file.command,
        'type': help_file.type,
        'summary': text(help_file.short_summary),
        'long_summary': text(help_file.long_summary),
        'tags': tags,
        'messages': messages,
        # knack prints a blank line after the header for a long summary or a deprecation.
        'deprecated': bool(getattr(help_file, 'deprecate_info', None)),
        'links': [link['url'] for link in (getattr(help_file, 'links', None) or [])],
        'arguments': [parameter(p) for p in getattr(help_file, 'parameters', [])],
        'examples': [{'summary': text(e.short_summary), 'long_summary': text(e.long_summary),
                      'command': text(e.command)} for e in help_file.examples],
    })


az_help.AzCliHelp._print_detailed_help = dump
try:
    get_default_cli().invoke(sys.argv[1:] + ['-h'])
except SystemExit:
    pass


def compact(value):
    """Drops empty fields (the renderer reads them as empty) to keep the data readable."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v not in (None, '', [], False)}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


sys.stdout.write(json.dumps(compact(OUT), indent=1, sort_keys=True, ensure_ascii=False) + '\n')
