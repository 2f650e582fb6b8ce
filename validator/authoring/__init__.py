"""Helping a clerk start a file: the schema-generated template and pinyin file names."""
