import type { Gender } from '@tongxin/contract';
import type { Rng } from './random.ts';

/** A name part and its toneless pinyin, for usernames. */
type Part = readonly [hanzi: string, pinyin: string];

/** Common surnames; the first group is drawn three times as often as the rest. */
const FREQUENT_SURNAMES: readonly Part[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['胡', 'hu'],
  ['朱', 'zhu'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['何', 'he'],
  ['郭', 'guo'],
  ['马', 'ma'],
  ['罗', 'luo'],
];

const OTHER_SURNAMES: readonly Part[] = [
  ['梁', 'liang'],
  ['宋', 'song'],
  ['郑', 'zheng'],
  ['谢', 'xie'],
  ['韩', 'han'],
  ['唐', 'tang'],
  ['冯', 'feng'],
  ['于', 'yu'],
  ['董', 'dong'],
  ['程', 'cheng'],
  ['曹', 'cao'],
  ['袁', 'yuan'],
  ['邓', 'deng'],
  ['许', 'xu'],
  ['沈', 'shen'],
  ['曾', 'zeng'],
  ['彭', 'peng'],
  ['吕', 'lv'],
  ['苏', 'su'],
  ['卢', 'lu'],
  ['蒋', 'jiang'],
  ['蔡', 'cai'],
  ['贾', 'jia'],
  ['丁', 'ding'],
  ['魏', 'wei'],
  ['薛', 'xue'],
  ['叶', 'ye'],
  ['潘', 'pan'],
  ['杜', 'du'],
  ['戴', 'dai'],
  ['夏', 'xia'],
  ['钟', 'zhong'],
  ['田', 'tian'],
  ['任', 'ren'],
  ['姜', 'jiang'],
  ['范', 'fan'],
  ['方', 'fang'],
  ['石', 'shi'],
  ['姚', 'yao'],
  ['谭', 'tan'],
  ['廖', 'liao'],
  ['邹', 'zou'],
  ['熊', 'xiong'],
  ['金', 'jin'],
  ['陆', 'lu'],
  ['郝', 'hao'],
  ['孔', 'kong'],
  ['白', 'bai'],
  ['崔', 'cui'],
  ['康', 'kang'],
  ['邱', 'qiu'],
  ['秦', 'qin'],
  ['史', 'shi'],
  ['顾', 'gu'],
  ['侯', 'hou'],
  ['邵', 'shao'],
  ['孟', 'meng'],
  ['段', 'duan'],
  ['雷', 'lei'],
  ['钱', 'qian'],
  ['汤', 'tang'],
  ['尹', 'yin'],
  ['常', 'chang'],
  ['武', 'wu'],
  ['乔', 'qiao'],
  ['贺', 'he'],
  ['龚', 'gong'],
];

const SURNAMES: readonly (readonly [Part, number])[] = [
  ...FREQUENT_SURNAMES.map((p) => [p, 3] as const),
  ...OTHER_SURNAMES.map((p) => [p, 1] as const),
];

/** Given names by generation: what people born in that period were commonly called. */
export type Generation = 'older' | 'middle' | 'younger';

const GIVEN: Record<Generation, Record<Gender, readonly Part[]>> = {
  older: {
    male: [
      ['建国', 'jianguo'],
      ['建华', 'jianhua'],
      ['国强', 'guoqiang'],
      ['志刚', 'zhigang'],
      ['卫东', 'weidong'],
      ['振华', 'zhenhua'],
      ['德明', 'deming'],
      ['福生', 'fusheng'],
      ['永祥', 'yongxiang'],
      ['树林', 'shulin'],
      ['宝山', 'baoshan'],
      ['文斌', 'wenbin'],
      ['学军', 'xuejun'],
      ['庆丰', 'qingfeng'],
      ['明山', 'mingshan'],
      ['国华', 'guohua'],
      ['建平', 'jianping'],
      ['立群', 'liqun'],
      ['保国', 'baoguo'],
      ['长林', 'changlin'],
      ['瑞祥', 'ruixiang'],
      ['春生', 'chunsheng'],
      ['新民', 'xinmin'],
      ['荣', 'rong'],
      ['林', 'lin'],
    ],
    female: [
      ['秀英', 'xiuying'],
      ['桂兰', 'guilan'],
      ['玉兰', 'yulan'],
      ['淑珍', 'shuzhen'],
      ['秀兰', 'xiulan'],
      ['凤英', 'fengying'],
      ['素梅', 'sumei'],
      ['丽华', 'lihua'],
      ['淑芬', 'shufen'],
      ['桂英', 'guiying'],
      ['美华', 'meihua'],
      ['玉珍', 'yuzhen'],
      ['淑华', 'shuhua'],
      ['秀珍', 'xiuzhen'],
      ['建英', 'jianying'],
      ['红英', 'hongying'],
      ['雪琴', 'xueqin'],
      ['文华', 'wenhua'],
      ['华', 'hua'],
      ['英', 'ying'],
    ],
  },
  middle: {
    male: [
      ['海涛', 'haitao'],
      ['建军', 'jianjun'],
      ['志强', 'zhiqiang'],
      ['晓东', 'xiaodong'],
      ['立新', 'lixin'],
      ['明辉', 'minghui'],
      ['文博', 'wenbo'],
      ['国栋', 'guodong'],
      ['俊峰', 'junfeng'],
      ['宏伟', 'hongwei'],
      ['永刚', 'yonggang'],
      ['海波', 'haibo'],
      ['少华', 'shaohua'],
      ['志远', 'zhiyuan'],
      ['建斌', 'jianbin'],
      ['晓峰', 'xiaofeng'],
      ['振宇', 'zhenyu'],
      ['勇', 'yong'],
      ['斌', 'bin'],
      ['鹏', 'peng'],
      ['磊', 'lei'],
      ['涛', 'tao'],
      ['伟', 'wei'],
      ['毅', 'yi'],
      ['亮', 'liang'],
      ['峰', 'feng'],
    ],
    female: [
      ['丽娟', 'lijuan'],
      ['晓燕', 'xiaoyan'],
      ['红梅', 'hongmei'],
      ['海燕', 'haiyan'],
      ['春梅', 'chunmei'],
      ['雪梅', 'xuemei'],
      ['慧敏', 'huimin'],
      ['丽萍', 'liping'],
      ['晓霞', 'xiaoxia'],
      ['晓丽', 'xiaoli'],
      ['秀梅', 'xiumei'],
      ['文静', 'wenjing'],
      ['晓琳', 'xiaolin'],
      ['红霞', 'hongxia'],
      ['静', 'jing'],
      ['敏', 'min'],
      ['艳', 'yan'],
      ['霞', 'xia'],
      ['婷', 'ting'],
      ['颖', 'ying'],
      ['玲', 'ling'],
      ['娟', 'juan'],
      ['萍', 'ping'],
    ],
  },
  younger: {
    male: [
      ['子豪', 'zihao'],
      ['浩然', 'haoran'],
      ['宇航', 'yuhang'],
      ['俊杰', 'junjie'],
      ['博文', 'bowen'],
      ['一鸣', 'yiming'],
      ['子轩', 'zixuan'],
      ['天宇', 'tianyu'],
      ['思远', 'siyuan'],
      ['晨阳', 'chenyang'],
      ['浩宇', 'haoyu'],
      ['嘉豪', 'jiahao'],
      ['文轩', 'wenxuan'],
      ['泽宇', 'zeyu'],
      ['明轩', 'mingxuan'],
      ['雨泽', 'yuze'],
      ['家乐', 'jiale'],
      ['昊', 'hao'],
      ['睿', 'rui'],
      ['航', 'hang'],
      ['宇', 'yu'],
      ['凯', 'kai'],
      ['鑫', 'xin'],
    ],
    female: [
      ['欣怡', 'xinyi'],
      ['梦琪', 'mengqi'],
      ['雨萱', 'yuxuan'],
      ['思琪', 'siqi'],
      ['佳怡', 'jiayi'],
      ['诗涵', 'shihan'],
      ['子涵', 'zihan'],
      ['雅琪', 'yaqi'],
      ['晓雯', 'xiaowen'],
      ['可欣', 'kexin'],
      ['婉婷', 'wanting'],
      ['梓萱', 'zixuan'],
      ['静怡', 'jingyi'],
      ['雨欣', 'yuxin'],
      ['一诺', 'yinuo'],
      ['佳琪', 'jiaqi'],
      ['梦瑶', 'mengyao'],
      ['晓彤', 'xiaotong'],
      ['思雨', 'siyu'],
      ['悦', 'yue'],
      ['琳', 'lin'],
      ['彤', 'tong'],
      ['瑶', 'yao'],
    ],
  },
};

/**
 * Names the pools can produce that belong to well-known people (leaders, entertainers,
 * athletes, entrepreneurs, fictional heroes) or carry a meme: a demo must not seem to be
 * about anyone real.
 */
const AVOID = new Set([
  '李强',
  '李鹏',
  '李刚',
  '李勇',
  '李斌',
  '李敏',
  '李静',
  '李宁',
  '李娜',
  '李建国',
  '王刚',
  '王勇',
  '王毅',
  '王凯',
  '王菲',
  '王振华',
  '王晨',
  '王峰',
  '王宇',
  '朱军',
  '刘涛',
  '刘翔',
  '刘欢',
  '刘宇航',
  '周涛',
  '周杰',
  '周建平',
  '郭涛',
  '胡军',
  '赵敏',
  '黄磊',
  '张杰',
  '张亮',
  '张一鸣',
  '张睿',
  '陈晓东',
  '杨颖',
  '杨丽萍',
  '林俊杰',
  '孙悦',
  '马云',
  '韩红',
  '韩正',
  '汪洋',
  '李希',
  '姚明',
]);

export interface PersonName {
  name: string;
  /** Pinyin-like Latin, e.g. wang.jianguo, before any de-duplication. */
  latin: string;
}

/** Draws distinct, ordinary-sounding Chinese names. */
export function nameGenerator(rng: Rng, reserved: Iterable<string> = []) {
  const used = new Set(reserved);
  // Given names are not repeated while the pool lasts: a branch of 王振宇, 李振宇 and 刘振宇
  // reads like generated data.
  const usedGiven = new Set<string>();
  return (gender: Gender, generation: Generation): PersonName => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const [surname, surnameLatin] = rng.weighted(SURNAMES);
      const [given, givenLatin] = rng.pick(GIVEN[generation][gender]);
      const name = surname + given;
      // 林长林 reads oddly; 姚明辉 starts with someone famous.
      if (given.includes(surname) || AVOID.has(name) || AVOID.has(name.slice(0, 2))) continue;
      if (used.has(name)) continue;
      if (usedGiven.has(given) && attempt < 200) continue;
      used.add(name);
      usedGiven.add(given);
      return { name, latin: `${surnameLatin}.${givenLatin}` };
    }
    throw new Error('ran out of demo names');
  };
}

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;

/** Unique usernames from pinyin: wang.fang, then wang.fang2, wang.fang3 for namesakes. */
export function usernameAllocator(reserved: Iterable<string> = []) {
  const taken = new Set([...reserved].map((u) => u.toLowerCase()));
  return (latin: string): string => {
    for (let n = 1; n < 100; n++) {
      const candidate = (n === 1 ? latin : `${latin}${n}`).slice(0, 32);
      if (!taken.has(candidate) && USERNAME_PATTERN.test(candidate)) {
        taken.add(candidate);
        return candidate;
      }
    }
    throw new Error(`no free username for ${latin}`);
  };
}
