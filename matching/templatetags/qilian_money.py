"""``{{ amount|money }}``: yuan as a person reads it (万元 / 亿元 in Chinese, ¥ in English)."""

from django import template

from matching.common.formatting import money as format_money

register = template.Library()


@register.filter
def money(amount):
    return format_money(amount)
