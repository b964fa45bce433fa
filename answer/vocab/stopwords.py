"""Function words (folded) of the four question languages, ignored when matching.

Why folded: questions arrive with and without diacritics, so "của"/"cua" must both
be recognised; the lists hold only words that never carry the content of a question.
"""

from __future__ import annotations

from answer.vocab import words

VI = words(
    """
    la cua co cac nhung nao gi bao nhieu duoc va thi sao nay do o tai trong cho voi ve
    theo mot nhu the khong da se dang ai khi hay hoac ma neu boi vi nen cung con lai
    thanh nhe a oi vay roi day kia ay minh toi ban em anh chi xin hoi cho biet giup hien
    thuoc tu den len xuong ra vao tat ca nhieu it hon nhat rat qua cai chiec viec
    """
)

EN = words(
    """
    a an the of in on at to for from by with about into over after before is are was
    were be been being do does did has have had what which who whom whose when where why
    how many much and or but not no this that these those it its their there they he she
    his her we you your our i me my can could will would should shall may might must
    as than then so such any some all each per also only just please tell me now new
    """
)

DE = words(
    """
    der die das den dem des ein eine einer einen einem eines und oder aber nicht kein
    keine ist sind war waren wird werden wurde wurden hat haben hatte welche welcher
    welches welchen welchem wie viele viel wer wen wem wessen wann wo warum was mit
    von vom zu zum zur im in an am auf aus bei nach fur uber unter vor seit bis durch
    es er sie wir ihr ich du man sich auch nur noch schon sehr gibt geben bitte mir
    dieser diese dieses als so um betrifft alle allen aller
    """
)

SV = words(
    """
    och i pa av for till fran med om som en ett den det de dem denna detta dessa ar var
    varit blev blir bli har hade vilken vilket vilka hur manga mycket vem vems nar var
    varfor vad efter fore under over mellan inte ingen inga kan kunde ska skulle far
    sig sin sitt sina han hon vi ni jag du man ocksa bara nu snalla mig finns gor
    """
)

ALL = VI | EN | DE | SV

BY_LANG = {"vi": VI, "en": EN, "de": DE, "sv": SV}
