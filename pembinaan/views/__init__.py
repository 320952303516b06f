"""Views of pembinaan: thin function views that check a named permission, by topic:

- `register`: the inmate register (list, detail, TPP stage, SDP import/export);
- `programs`: arts programs and partners;
- `plans`: work plans and the Kepala UPT's decisions;
- `participants`: allocation of inmates to programs;
- `sessions`: sessions, their times, call-out list, results and photos;
- `certificates`: certificates of participation.
"""
