package domain

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
)

// The word lists the screen reads names by. Each list is written as people write, with
// accents and hamzas; wordSet folds it the way the screen folds a text.

// Titles after which a capitalised word (or a listed name in any case) is a name.
var (
	// Courtesy titles: almost only ever written before a name. A lowercase word after
	// them counts too ("mr haddad"), unless it is a function word.
	courtesyTitles = wordSet("mr mrs ms mx mme mmes mlle mlles")
	// Full-word courtesy titles, also used alone ("Monsieur exprime des regrets"):
	// a capitalised word or a listed name after them.
	politeTitles = wordSet("monsieur madame mademoiselle messieurs mesdames sir lady")
	// Professional and religious titles, also nouns ("the imam attended"): a capitalised
	// word or a listed name after them.
	roleTitles = wordSet(`dr doctor docteur dre pr prof professor professeur maitre maître
		sheikh shaykh shaikh sheik cheikh imam imām ustadh ustadha ustaz ustaza ustad mufti mullah
		maulana mawlana moulay hafiz hafidh qari hajj hajji hadj hadja hajja sidi lalla
		father pastor pasteur rabbi rabbin reverend rev abbe abbé brother sister frere frère soeur sœur
		aumonier aumônier chaplain judge juge officer captain capitaine sergeant sergent
		lieutenant inspector inspecteur commandant colonel general général commissaire`)
	// Kunyas: "Abu Bakr", "Umm Khalid", "Abou Ali".
	kunyas = wordSet("abu abou umm um oum")

	// Arabic courtesy titles: any word after them that is not a function word, nor a word
	// with the article unless it ends like a family name (السيد الكبيسي).
	arabicCourtesyTitles = wordSet("السيد السيدة الآنسة السادة سيدي")
	// Arabic religious and professional titles, also nouns (الشيخ، الإمام، الأستاذ): a listed
	// name, a compound with عبد, or a kunya after them.
	arabicRoleTitles = wordSet(`الشيخ شيخ الإمام إمام الأستاذ أستاذ الأستاذة أستاذة الدكتور دكتور
		الدكتورة دكتورة د الحاج حاج الحاجة الأخ الأخت المفتي القاضي المحامي المحامية الضابط
		المرشد المرشدة المربي المربية الأب`)
	arabicKunyas = wordSet("أبو أبي أبا أم")

	// Kinship and other relations: a capitalised word or listed name after them is a name
	// ("daughter Aisha", "sa fille Rose", "ابنته أمل").
	kinWords = wordSet(`son sons daughter daughters brother brothers sister sisters mother father mum mom
		mam dad wife husband partner girlfriend boyfriend fiance fiancé fiancee fiancée uncle aunt
		auntie cousin nephew niece grandson granddaughter grandmother grandfather grandma grandad
		grandpa nan stepson stepdaughter stepfather stepmother stepbrother stepsister child baby
		friend defendant codefendant associate neighbour neighbor victim cellmate
		fils fille filles frère frères sœur soeur sœurs soeurs mère père épouse femme mari compagne
		compagnon conjoint conjointe concubine oncle tante cousine neveu nièce ami amie copain
		copine coaccusé accusé victime voisin voisine codétenu codétenue maman papa tonton tata
		ابنه ابنها ابني ابنته ابنتها ابنتي ابن بنت بنته بنتها أخوه أخيه أخاه أخوها أخته أختها أخي أختي
		أخ أخت أمه أمها أمي أبوه أبيه أباه أبوها والده والدته والدها والدتها والدي والدتي زوجته
		زوجها زوجتي زوجي زوجه عمه عمها عمته خاله خالته جده جدته جدها حفيده حفيدته صديقه صديقته
		صديقها صديقي خطيبته خطيبها جاره جارته الضحية ضحية شريكه رفيقه طفله طفلها`)
	// Words that introduce a name: "named", "known as", "يدعى".
	namingWords = wordSet(`named alias aka nicknamed nickname nommé nommée prénommé prénommée surnommé
		surnommée appelé appelée prénom
		يدعى تدعى اسمه اسمها المدعو المدعوة الملقب الملقبة المكنى يلقب يكنى باسم`)
	namingPairs = wordSet("known_as goes_by name_is name_was calls_himself called_himself s_appelle se_nomme")

	// Words after which a listed name is a figure, not a person on the case: prophets,
	// companions, angels, surahs, mosques named after them, kings and presidents ("the
	// Prophet Yusuf", "Surah Maryam", "سورة يوسف", "caliph Umar", "le roi Mohammed VI").
	religiousBefore = wordSet(`prophet prophets messenger caliph khalifa companion companions surah sura surat
		sourate prophète prophete calife compagnon sayyidina sayyiduna hazrat saint story histoire
		mosque masjid mosquée mosquee sahih sunan angel archangel ange archange messiah christ messie
		king roi queen reine president président stories
		النبي نبي الرسول رسول سيدنا سيدتنا سورة الخليفة الصحابي الصحابية قصة مسجد جامع صحيح المسيح الملاك
		الملك الرئيس`)
	// Blessings written after such a name: "peace be upon him", "ﷺ" (folded to its words),
	// and the abbreviations "(pbuh)", "(ra)", "(as)", which count only in brackets.
	honorificWords = phraseWords("peace be upon|alayhi|alaihi|alayha|radiyallahu|radhiallahu|" +
		"صلى الله عليه|عليه السلام|عليها السلام|رضي الله|رحمه الله|رحمها الله")
	bracketHonorifics = wordSet("pbuh saw saws sws swt ra rah as psl")

	// Phrases that contain listed names but name no one on a case: places, historical
	// scholars and public figures of the ideologies a programme works on.
	notNames = phraseSet(`abu dhabi|abou dabi|abu ghraib|abu hanifa|abou hanifa|imam malik|ibn hanbal|ahmad ibn hanbal|
		ibn taymiyya|ibn taymiyyah|ibn kathir|ibn khaldun|ibn qayyim|ibn al qayyim|al ghazali|al bukhari|
		imam bukhari|imam nawawi|imam shafi|ibn abi talib|ibn al khattab|bin al khattab|ibn al walid|
		osama bin laden|oussama ben laden|bin laden|ben laden|sayyid qutb|abdullah azzam|anwar al awlaki|
		al awlaki|al baghdadi|abu bakr al baghdadi|al zarqawi|abu musab al zarqawi|al zawahiri|ayman al zawahiri|
		hassan al banna|al banna|ابو ظبي|أبو ظبي|أبو غريب|ابو حنيفة|أبو حنيفة|الإمام مالك|ابن حنبل|أحمد بن حنبل|
		ابن تيمية|ابن كثير|ابن خلدون|ابن القيم|ابن أبي طالب|بن أبي طالب|ابن الخطاب|بن الخطاب|بن الوليد|
		ابن الوليد|أسامة بن لادن|بن لادن|سيد قطب|عبد الله عزام|البغدادي|أبو بكر البغدادي|الزرقاوي|
		الظواهري|أيمن الظواهري|حسن البنا|pere noel|père noël|ابن آدم|بني آدم|بنو آدم|آل عمران|الإمام الشافعي|الإمام البخاري|الإمام النووي`)

	// Words that name institutions, services and courses, never a family name.
	institutionWords = wordSet(`house centre center project trust church foundation programme program hostel group unit
		wing hall school college academy mosque street road lane avenue service services team club court prison
		hospital ward safety training support report reports meeting appointment course office department
		association fondation maison foyer centre service équipe impact awareness statement liaison contact
		visit visits visiting officer officers`)

	// Function words that are never a name after a title ("Monsieur a dit", "السيد قال").
	stopWords = wordSet(`a an the and or but of to in on at for with from by as is was are were be been being has had have
		he she it they his her him them who whom that this which not no said says say would could should
		did does do also then about after before again today yesterday tomorrow if when while where
		very so there here all any some one two three first last next other same own
		le la les l un une des de du d et ou mais au aux en dans par pour sur avec sans est était etait
		sont ont avait sera il elle ils elles lui leur qui que qu se s ne n pas y ce cet cette son sa ses
		dit a ont explique indique précise aussi puis encore déjà ici très bien
		monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi samedi
		dimanche january february march april may june july august september october november december
		janvier février mars avril mai juin juillet août septembre octobre novembre décembre
		في من إلى الى على عن مع أن ان إن انه أنه انها أنها كان كانت يكون تكون قال قالت ذكر ذكرت أكد أشار هو
		هي هم هن ثم أو لا لم لن قد ما ماذا هذا هذه ذلك تلك الذي التي الذين كل بعض عند بعد قبل حول خلال منذ
		حتى إلا لكن بل اليوم أمس غدا أيضا جدا يوم حضر حضرت زار زارت اتصل اتصلت تحدث تحدثت يقول تقول
		وقال وقالت لم ولم كما أي غير نفس`)
)

// wordSet folds and lower-cases a space-separated list of words.
func wordSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[strings.ReplaceAll(foldWord(w), " ", "_")] = true
	}
	return out
}

// phraseSet folds a "|"-separated list of phrases into their word sequences, joined by
// single spaces.
func phraseSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, p := range strings.Split(list, "|") {
		if k := foldWord(p); k != "" {
			out[k] = true
		}
	}
	return out
}

// phraseWords folds a "|"-separated list of phrases into their words.
func phraseWords(list string) [][]string {
	var out [][]string
	for _, p := range strings.Split(list, "|") {
		out = append(out, strings.Fields(foldWord(p)))
	}
	return out
}

// foldWord folds a word or phrase as the screen folds a text, lower-cased, its words
// separated by single spaces.
func foldWord(w string) string {
	f := foldText(w)
	var parts []string
	for _, t := range tokenize(f.text) {
		parts = append(parts, t.lower)
	}
	return strings.Join(parts, " ")
}

// nameClass says how sure a listed name is when found (see screening/README.md).
type nameClass int8

const (
	namePlain      nameClass = iota // a name, in any case
	nameCapital                     // "^": a name when capitalised; lowercase, a word
	nameInSentence                  // "~": a name when capitalised inside a sentence
	nameWordFirst                   // "=": a word unless a title, kinship word or name is next to it
)

// nameList is the merged lists of given names: the folded, lower-cased words of each name
// joined by spaces, with its class. A name in several lists keeps its most cautious class.
type nameList struct {
	names   map[string]nameClass
	longest map[string]int // first word → most words of a name starting with it
}

//go:embed screening/names-*.txt
var nameFiles embed.FS

var givenNames = loadNames()

func loadNames() nameList {
	l := nameList{names: map[string]nameClass{}, longest: map[string]int{}}
	files, err := nameFiles.ReadDir("screening")
	if err != nil {
		panic(err)
	}
	for _, f := range files {
		b, err := nameFiles.ReadFile("screening/" + f.Name())
		if err != nil {
			panic(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			class := namePlain
			switch {
			case strings.HasSuffix(line, " ^"):
				class = nameCapital
			case strings.HasSuffix(line, " ~"):
				class = nameInSentence
			case strings.HasSuffix(line, " ="):
				class = nameWordFirst
			}
			if class != namePlain {
				line = strings.TrimSpace(line[:len(line)-2])
			}
			key := foldWord(line)
			if key == "" {
				panic(fmt.Sprintf("screening/%s:%d: no name in %q", f.Name(), n, line))
			}
			if old, ok := l.names[key]; !ok || class > old {
				l.names[key] = class
			}
			words := strings.Fields(key)
			l.longest[words[0]] = max(l.longest[words[0]], len(words))
		}
	}
	return l
}
