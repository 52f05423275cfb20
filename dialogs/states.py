"""Every dialog state group of the bot, in one place. Group names end in `SG`."""

from aiogram.fsm.state import State, StatesGroup


class MainSG(StatesGroup):
    menu = State()


class LanguageSG(StatesGroup):
    choose = State()


class AdminSG(StatesGroup):
    menu = State()
