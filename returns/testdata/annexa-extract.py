# Extracts returns/testdata/annexa-liia.json from LIIA's Annex A schema.
# Usage: python3 annexa_extract.py Annex_A_schema.yml > annexa-liia.json
import json, re, sys
import yaml

SOURCE = ("SocialFinanceDigitalLabs/liia-tools-pipeline at 4aff91891062f9b599518bcb47cf97a91fa7ac4a, "
          "liiatools/annex_a_pipeline/spec/Annex_A_schema.yml (MIT licence): each list's columns in Ofsted's order and, "
          "for coded columns, the values in the template's style that the London Innovation and Improvement Alliance's "
          "Annex A pipeline accepts. Extracted by the command in README.md beside this file; nothing here was written by Kith's team.")
lettered = re.compile(r'^[a-z]1?\) ')
coded = re.compile(r'^[A-Z][A-Z0-9]{0,3}( -|:) ')

column_map = yaml.safe_load(open(sys.argv[1]))['column_map']
# Coded columns share their answers across lists (Gender, Ethnicity), so
# each column's answers are kept once, by its name.
out = {"source": SOURCE, "lists": {}, "values": {}, "dates": []}
for key, spec_of in column_map.items():
    cols = []
    for name, spec in spec_of.items():
        cols.append({"name": name, "required": isinstance(spec, dict) and spec.get('canbeblank') is False})
        if not isinstance(spec, dict):
            continue
        if 'category' in spec and name != 'LA of Placement':
            names = set()
            for cat in spec['category']:
                given = cat.get('name', [])
                names.update(str(x).strip() for x in ([given] if isinstance(given, str) else given))
            # The template's own drop-down text ("a) Male") and the
            # code-and-words form ("N1 - Abuse or neglect").
            out["values"][name] = sorted(n for n in names if lettered.match(n) or coded.match(n))
        if 'date' in spec and name not in out["dates"]:
            out["dates"].append(name)
    out["lists"][key.split('_')[1]] = cols
json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
