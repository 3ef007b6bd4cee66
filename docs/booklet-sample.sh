#!/usr/bin/env bash
# The booklet shown in the README: a sample team's notes and cases in a fresh data folder,
# a French A4 booklet, a folded one and an English one, and the first three pages of the
# French and English ones as booklet-fr-N.png and booklet-en-N.png, the README's pictures.
#   bash docs/booklet-sample.sh [OUT_DIR]      (needs poppler-utils for pdftoppm)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"
data=$(mktemp -d)
rd() { .venv/bin/python -m referentiel_desktop --data-dir "$data" "$@" >/dev/null; }
rd author default "Élise Durand"
rd territory add "Le Mené" --code 22
rd territory add "Loos-en-Gohelle" --code 62
rd note add --target engagement.b3 --tag participation --text "La confiance « se gagne » : au Mené, les premières réunions publiques ont eu lieu dans les fermes, pas en mairie. Les élus écoutaient d’abord."
rd note add --target engagement.b3 --tag budget --text "Point d’attention : ne pas promettre ce que le budget 2027 ne permet pas — la confiance se perd plus vite qu’elle ne se gagne."
rd note add --target engagement.b3 --private --text "Brouillon personnel, à ne pas diffuser."
rd note add --target engagement.b1 --author "Paul Martin" --text "Les habitants parlent du territoire « vécu » : la vallée, le marché du jeudi, l’école. Partir de là."
rd note add --target engagement.b6 --text "Voyage d’étude à Loos-en-Gohelle en mars : 12 élus et agents, 2 habitants. À refaire avec plus d’habitants."
rd note add --target cooperation.b3 --tag coopération --text "Coopérer, ce n’est pas seulement consulter : le comité de pilotage de la méthanisation comptait des agriculteurs avec voix délibérative."
rd case add --title "Méthanisation collective" --territory "Le Mené" --balise engagement.b3 --balise cooperation.b3 --period "2005–2012" --actors "Agriculteurs, communauté de communes, coopérative" --text "Une unité de méthanisation portée par les agriculteurs et la collectivité." --lessons "La gouvernance partagée a tenu dix ans."
rd case add --title "Base de la transition" --territory "Loos-en-Gohelle" --balise engagement.b6 --period "depuis 2014" --text "Accueil de délégations et de voyages d’étude."
rd inventory set --territory "Le Mené" --question inventory.q7 --position emerging --date 2026-11-20 --text "Un conseil citoyen à l’essai depuis la rentrée."
rd inventory link --question inventory.q7 --balise engagement.b3
booklet=(booklet --select engagement --select cooperation.b3 --lang fr
  --title "Conseil municipal du 3 décembre" --subtitle "La transition, avec les habitants"
  --territory "Le Mené" --team "Fabrique des transitions — équipe Bretagne" --date 2026-12-03
  --inventory "Le Mené" \
  --writing-space --question "engagement.b3=Comment associer les habitants dès le départ ?"
  --question "engagement.b3=Qui porte la parole des habitants au conseil ?")
rd "${booklet[@]}" --out "$out/conseil-a4.pdf"
rd "${booklet[@]}" --fold --out "$out/conseil-plie.pdf"
rd booklet --select engagement --select cooperation.b3 --lang en --inventory "Le Mené" \
  --title "Town council, 3 December" --subtitle "The transition, with the inhabitants" \
  --territory "Le Mené" --team "Fabrique des transitions — Brittany team" --date 2026-12-03 \
  --writing-space --question "engagement.b3=How do we involve the inhabitants from the start?" \
  --out "$out/council-a4.pdf"
for page in 1 2 3; do
  pdftoppm -png -r 60 -f $page -l $page -singlefile "$out/conseil-a4.pdf" "$out/booklet-fr-$page"
  pdftoppm -png -r 60 -f $page -l $page -singlefile "$out/council-a4.pdf" "$out/booklet-en-$page"
done
rm -rf "$data"
echo "$out/conseil-a4.pdf $out/conseil-plie.pdf $out/council-a4.pdf"
