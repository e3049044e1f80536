"""Offline machine translation with Argos Translate packages run on CTranslate2.

`translate_documents` renders a corpus into its other languages (batched per model, cached,
pivoting through English); `load_translations` reads the results back for the aligner;
`available_routes` says whether the installed packages cover a set of languages.
"""

from corpus.translate.cache import CachedTranslator, TranslationCache
from corpus.translate.engine import PackageTranslator, PivotTranslator, Translator, resolve_device
from corpus.translate.packages import (
    InstalledPackage,
    install_from_file,
    installed_packages,
    packages_dir,
    remove_package,
    validate_archive,
)
from corpus.translate.pipeline import Produced, TranslationReport, translate_documents
from corpus.translate.routes import Route, RoutePlan, available_routes, find_route, plan_routes
from corpus.translate.settings import TranslateSettings
from corpus.translate.workdir import default_workdir, load_translations

__all__ = [
    "CachedTranslator",
    "InstalledPackage",
    "PackageTranslator",
    "PivotTranslator",
    "Produced",
    "Route",
    "RoutePlan",
    "TranslateSettings",
    "TranslationCache",
    "TranslationReport",
    "Translator",
    "available_routes",
    "default_workdir",
    "find_route",
    "install_from_file",
    "installed_packages",
    "load_translations",
    "packages_dir",
    "plan_routes",
    "remove_package",
    "resolve_device",
    "translate_documents",
    "validate_archive",
]
