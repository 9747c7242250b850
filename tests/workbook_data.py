"""A small workbook (the business's own map) shared by the tests, with every rating worked out.

Journey: three stages, six touch points.
- finding us: search result (magic, Sam), phone number on the site (misery, no owner) — a
  magic→misery drop within a stage, and a touch point with no owner;
- visit: greeting at the door (mediocrity, Ann; misery for newcomers, magic for regulars),
  waiting area (magic, Ann);
- after-sales: hold line (misery, Bo: "waited 12 minutes on hold"), thank-you card (magic, Bo).
Miseries: phone number, greeting (for newcomers), hold line. Weak links: finding us drops from
magic to misery; the phone number has no owner.
"""

from __future__ import annotations

WORKBOOK = """\
      journey:
        - name: Finding us
          touchpoints:
            - name: Search result
              channel: web
              owner: Sam
              rating: magic
              note: first result for "bike repair"
            - name: Phone number on the site
              channel: web
              rating: misery
              note: "hidden <b>three</b> clicks deep | {{ 7*7 }}"
        - name: Visit
          touchpoints:
            - name: Greeting at the door
              channel: in person
              owner: Ann
              rating: mediocrity
              by_customer:
                newcomers: {rating: misery, note: nobody looked up}
                regulars: magic
            - name: Waiting area
              channel: in person
              owner: Ann
              rating: magic
        - name: After-sales
          touchpoints:
            - name: Hold line
              channel: phone
              owner: Bo
              rating: misery
              note: waited 12 minutes on hold
            - name: Thank-you card
              channel: letter
              owner: Bo
              rating: magic
      customers:
        definition: Anyone whose day we change, paying or not.
        kinds:
          - name: newcomers
            wants: a quick fix
            needs: to trust us
            surprise: most come from a friend's word
          - name: regulars
            wants: to be known by name
            best: true
          - name: workshop staff
            inside: true
            needs: parts on time
      ideal:
        name: Dazzle Me
        feelings: [wowed, secure]
        sounds: a greeting by name
      practices:
        - id: call-back
          question: Do we call back every customer who waited on hold?
          answer: 1
          note: only when we remember
          action: Put a call-back list beside the phone.
        - id: bike-check
          question: Do we offer a free safety check?
          scale: yes-no
    """
"""The ``workbook:`` block of an answers file, indented to sit under the answers of tests/reports/test_report.py."""
